#!/usr/bin/env node
// The repository runs its TypeScript from source (no build step), so the command line loads through tsx.
require('tsx/cjs');
require('../main.ts');
