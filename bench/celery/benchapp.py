# The Python side of bench/celery.bench.mjs: Celery's defaults plus acks_late (as the Node worker
# acknowledges after the result), one no-op task on queue `bench`.
import os

from celery import Celery

app = Celery('benchapp', broker=os.environ['CELERY_BROKER'], backend=os.environ['CELERY_BACKEND'])
app.conf.update(task_acks_late=True, worker_hijack_root_logger=False)


@app.task(name='noop')
def noop():
    return None
