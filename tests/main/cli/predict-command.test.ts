import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { registerPredictCommand } from '../../../src/main/cli/predict-command'

/** Runs `oiw predict ARGS` up to its first error (every case here fails before a workspace is opened). */
function predict(...args: string[]): Promise<unknown> {
  const program = new Command('oiw').exitOverride()
  registerPredictCommand(program)
  return program.parseAsync(['predict', ...args], { from: 'user' })
}

describe('oiw predict ensembles', () => {
  it('rejects a bad --checkpoint entry, naming it', async () => {
    await expect(predict('--run', '1', '--checkpoint', 'best,bset')).rejects.toThrow('--checkpoint takes best, last, snapshot or a checkpoint folder (a comma list averages several: best,last), not "bset" (no such folder)')
    await expect(predict('--run', '1', '--checkpoint', 'best,best')).rejects.toThrow('--checkpoint names "best" twice')
  })

  it('takes --run or --runs, and names a bad run entry', async () => {
    await expect(predict('--run', '1', '--runs', '2,3')).rejects.toThrow(/pass --run R, or --runs R1,R2/)
    await expect(predict('--checkpoint', 'best')).rejects.toThrow(/pass --run R, or --runs R1,R2/)
    await expect(predict('--runs', '2,three')).rejects.toThrow('--runs takes run ids (like 3,4), not "three"')
    await expect(predict('--runs', '2,3', '--checkpoint', `best,${process.cwd()}`)).rejects.toThrow(/a folder is one run's checkpoint; with --runs pass best, last or snapshot/)
  })

  it('documents ensembles in its help', () => {
    const program = new Command('oiw')
    registerPredictCommand(program)
    const help = program.commands.find((c) => c.name() === 'predict')!.helpInformation()
    expect(help).toContain('--runs <list>')
    expect(help).toMatch(/snapshot \(the best and the last two epochs/)
  })
})
