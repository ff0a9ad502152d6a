// npm's `prepare`: a git dependency (`npm install github:OWNER/task-backend-workers`) arrives
// without dist/ (it is not committed), so build it there; in a working copy that has been built
// (`make build`, which knows what changed), do nothing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/bin/tb-gen.mjs')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
