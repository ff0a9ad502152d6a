# A Python Celery app as the brief's team would have one: `celery -A backend.workers.file_processing`.
# Its one task blocks until the test sets `release`, so the test can read the broker's keys while
# tasks run; each start is counted in `started`.
import os
import time

import redis
from celery import Celery

app = Celery('file_processing')
app.conf.task_acks_late = False  # the rendered command line's task_acks_late=true overrides this


@app.task(name='file_extract')
def file_extract(n):
    r = redis.Redis.from_url(os.environ['CELERY_BROKER_URL'])
    r.incr('started')
    while not r.get('release'):
        time.sleep(0.05)
    return n
