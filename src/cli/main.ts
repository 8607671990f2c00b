#!/usr/bin/env node
/**
 * The `cdk8s-mesh` binary: `synth`, `check`, `graph`, `plan` and `init`. See docs/cli.md.
 */
import { run } from './program';

void Promise.resolve(run(process.argv.slice(2))).then(code => { process.exitCode = code; });
