#!/usr/bin/env node
import { cli } from './cli.js';

/** The `mtlkit` bin: exit code 0 ok, 2 bad usage or config, 1 failure while reading data or training. */
const code = await cli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.stdout.write('', () => process.exit(code));
