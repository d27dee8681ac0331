#!/usr/bin/env node
// The `oiw` command: runs the CLI bundle that `npm run build` (electron-vite) writes to out/main.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write(`oiw: ${cli} is missing; run \`npm run build\` in ${join(__dirname, '..')} first\n`)
  process.exit(1)
}
require(cli)
