#!/usr/bin/env node
/**
 * The `cdk8s-mesh` binary: `synth`, `check` and `init`. See docs/cli.md.
 */
import { run } from './program';

process.exitCode = run(process.argv.slice(2));
