import { fork } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TrainerMessage } from '../../src/shared/training/protocol'

const trainer = join(__dirname, '..', '..', 'out', 'main', 'trainer.js')

/** The built trainer answering `probe` (what `training.checkBackend` asks), its stderr captured. */
function probe(): Promise<{ message: TrainerMessage; stderr: string }> {
  const child = fork(trainer, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  let message: TrainerMessage | undefined
  child.on('message', (m) => (message ??= m as TrainerMessage))
  child.send({ type: 'probe' })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', () => (message ? resolve({ message, stderr }) : reject(new Error(`the trainer answered nothing:\n${stderr}`))))
  })
}

// This machine has no GPU (and no Vulkan loader): Dawn finds no adapter and would print Vulkan warnings.
describe('the trainer probing its backend', () => {
  it("names why WebGPU was skipped in one line, with none of Dawn's warnings on the terminal", async () => {
    const { message, stderr } = await probe()
    expect(message.type).toBe('ready')
    const choice = (message as Extract<TrainerMessage, { type: 'ready' }>).backend
    const webgpu = choice.skipped.find((s) => s.name === 'webgpu')
    expect(webgpu?.reason).toMatch(/^WebGPU: no GPU adapter \(Dawn: .*Vulkan.*\)$/)
    expect(webgpu?.reason).not.toContain('\n')
    expect(stderr).not.toMatch(/Vulkan|XDG_RUNTIME_DIR|vkCreateInstance|Warning:/)
  })
})
