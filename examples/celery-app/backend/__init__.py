# The example Python Celery app: `celery -A backend worker -Q <queues>` finds `backend.app`.
from .app import app

__all__ = ['app']
