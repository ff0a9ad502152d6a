# One Celery task per task name of the catalogue, each routed to its queue. Every task records its
# start and its end in Redis (RPUSH of a JSON line to RUNS_KEY), with the pod's hostname and the
# worker's node name, so a test can tell which pod of which worker ran it and how many times.
# `seconds` makes any task run that long (the long tasks of an upgrade or a scale-down).
import json
import os
import socket
import time

import redis
from celery import Celery

from . import catalogue

ROUTES = catalogue.load()

app = Celery('backend', broker=os.environ.get('CELERY_BROKER_URL', 'redis://127.0.0.1:6379/0'))
app.conf.task_routes = {task: {'queue': queue} for task, queue in ROUTES.items()}
app.conf.worker_hijack_root_logger = False

_runs = None


def record(event, request, task):
    """RPUSH {event, task, id, host, worker, queue} to RUNS_KEY (default celery-app:runs)."""
    global _runs
    if _runs is None:
        _runs = redis.Redis.from_url(os.environ.get('RUNS_URL') or app.conf.broker_url)
    line = {
        'event': event,
        'task': task,
        'id': request.id,
        'host': socket.gethostname(),
        'worker': request.hostname,
        'queue': (request.delivery_info or {}).get('routing_key'),
    }
    _runs.rpush(os.environ.get('RUNS_KEY', 'celery-app:runs'), json.dumps(line))


def _register(name):
    @app.task(name=name, bind=True)
    def run(self, seconds=0, **kwargs):
        record('started', self.request, name)
        time.sleep(float(seconds))
        record('done', self.request, name)
        return {'task': name, 'host': socket.gethostname(), **kwargs}

    return run


TASKS = {name: _register(name) for name in ROUTES}
