#!/usr/bin/env node
// Rebuilds better-sqlite3 (not N-API) for Electron's ABI, or back for Node with --node.
//
// The Electron app needs the Electron build; the CLI, the headless server and `npm test` need the
// Node build. Both cannot live in one node_modules at once, so this switches between them:
//   npm run rebuild:electron   before running the desktop app (needs electronjs.org or GitHub reachable:
//                              prebuild-install fetches a prebuilt binary, else node-gyp builds against
//                              Electron's downloaded headers)
//   npm run rebuild:node       to go back (tests, CLI, headless)
// It writes node_modules/better-sqlite3/build/Release/oiw-runtime.json so `oiw open` knows which one is there.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const toNode = process.argv.includes('--node')
const marker = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'oiw-runtime.json')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

let env = { ...process.env }
let target = { runtime: 'node', target: process.versions.node }
if (!toNode) {
  const version = require('electron/package.json').version
  target = { runtime: 'electron', target: version }
  env = {
    ...env,
    npm_config_runtime: 'electron',
    npm_config_target: version,
    npm_config_disturl: 'https://electronjs.org/headers',
    npm_config_arch: process.arch,
  }
}
console.log(`Rebuilding better-sqlite3 for ${target.runtime} ${target.target}…`)
rmSync(marker, { force: true })
const result = spawnSync(npm, ['rebuild', 'better-sqlite3', '--foreground-scripts'], { cwd: root, env, stdio: 'inherit' })
if (result.status !== 0) {
  console.error(
    toNode
      ? 'The rebuild for Node failed: see the output above.'
      : "The rebuild for Electron failed. It needs Electron's headers (https://electronjs.org/headers) or a prebuilt binary from GitHub; run it where those can be reached. `npm run rebuild:node` restores the Node build.",
  )
  process.exit(result.status ?? 1)
}
mkdirSync(dirname(marker), { recursive: true })
writeFileSync(marker, JSON.stringify(target))
console.log(`better-sqlite3 is now built for ${target.runtime} ${target.target}.`)
