#!/usr/bin/env node
// The tb-gen bin: run the program on the real process; a stack trace here is a bug.
import { visibleLine } from '../contract/visible.js';
import { processIo } from './io.js';
import { runProgram } from './program.js';

// A reader that stops early (`tb-gen render | head`) closes the pipe: that is its choice, not our error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

runProgram(processIo(), process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `tb-gen: internal error: ${visibleLine(e instanceof Error ? e.message : String(e))}\nThis is a bug in tb-gen; please report it with the command you ran.\n`,
    );
    process.exitCode = 1;
  },
);
