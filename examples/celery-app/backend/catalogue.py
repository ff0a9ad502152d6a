# The task -> queue catalogue, read from the YAML the values carry as `tasks:` (examples/app/tasks.yaml),
# so the routes are never a second copy of it. In the image it is /app/tasks.yaml (TASKS_CATALOGUE).
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
# From a checkout: examples/celery-app/backend -> examples/app/tasks.yaml.
DEFAULT = os.path.join(HERE, '..', '..', 'app', 'tasks.yaml')


def load(path=None):
    """{task: queue} from a `task: {queue: name}` YAML mapping."""
    path = path or os.environ.get('TASKS_CATALOGUE') or DEFAULT
    with open(path, encoding='utf-8') as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict):
        raise SystemExit(f'{path}: expected a mapping of task: {{queue: name}}')
    return {task: route['queue'] for task, route in data.items()}
