# The same team's app on a RabbitMQ broker (`celery -A backend.workers.file_queue`). Each task takes
# the next start number (a file created exclusively in $SIGNAL_DIR: started-<n>) and blocks until
# the test creates release-<n> (then writes done-<n>), so the test reads the queues while exactly
# the tasks it chose run.
# Its queues carry x-max-priority: RabbitMQ orders priorities inside the one queue.
import os
import time

from celery import Celery

app = Celery('file_queue')
app.conf.task_acks_late = False  # the rendered command line's task_acks_late overrides this
app.conf.task_queue_max_priority = 10


def _claim(d):
    n = 1
    while True:
        try:
            os.close(os.open(os.path.join(d, f'started-{n}'), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return n
        except FileExistsError:
            n += 1


@app.task(name='file_extract')
def file_extract(p):
    d = os.environ['SIGNAL_DIR']
    n = _claim(d)
    while not os.path.exists(os.path.join(d, f'release-{n}')):
        time.sleep(0.05)
    os.close(os.open(os.path.join(d, f'done-{n}'), os.O_CREAT | os.O_WRONLY))
    return p
