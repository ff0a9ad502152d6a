# A Python producer: reads JSON lines {"task", "id", "kwargs"?, "priority"?} on stdin and sends each
# with apply_async through the app's routes (so each lands on its catalogue queue), with the given
# task id. Broker from CELERY_BROKER_URL. Prints one line per task: "<id> <queue>".
import json
import sys

from backend import app
from backend.app import ROUTES


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        task = msg['task']
        if task not in ROUTES:
            raise SystemExit(f'produce.py: {task} is not in the catalogue')
        opts = {'task_id': msg['id']}
        if msg.get('priority') is not None:
            opts['priority'] = msg['priority']
        app.signature(task, kwargs=msg.get('kwargs', {})).apply_async(**opts)
        print(msg['id'], ROUTES[task], flush=True)
    app.close()


if __name__ == '__main__':
    main()
