#!/usr/bin/env node
// The tosskit-emulator bin: see cli-main.ts for the commands.
import { runCli } from './cli-main.js';

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  onStarted(emulator) {
    const stop = () => {
      void emulator.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
}).then((code) => {
  // `start` keeps running through its open server; other commands end here.
  process.exitCode = code;
});
