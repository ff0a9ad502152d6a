// The example task app: importing it registers the brief's sixteen tasks with their queues.
// Run it with `task-backend-worker --app dist/examples/app/index.js`; tasks.yaml is its routing table.

import './files.js';
import './data.js';
import './api.js';
import './ml.js';
import './routing.js';
