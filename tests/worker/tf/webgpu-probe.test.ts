import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { dawnReason, probeWebGpu } from '../../../src/worker/tf/webgpu-probe'

// What Dawn (webgpu 0.6.2) printed on a machine without a GPU: no Vulkan loader; a loader without drivers;
// a driver without its device, where Dawn then tried OpenGL ES.
const noLoader = `Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory
    at operator() (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/BackendVk.cpp:368)
`
const noDriver = `Warning: vkCreateInstance: Found no drivers!
Warning: vkCreateInstance failed with VK_ERROR_INCOMPATIBLE_DRIVER
    at CheckVkSuccessImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/VulkanError.cpp:106)
`
const noDevice = `error: XDG_RUNTIME_DIR is invalid or not set in the environment.
Error: Loader Message: setup_loader_term_phys_devs:  Failed to detect any valid GPUs in the current config
Warning: vkEnumeratePhysicalDevices
    at GatherPhysicalDevices (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/VulkanInfo.cpp:147)

Warning: eglInitialize failed with EGL_NOT_INITIALIZED
 - While trying to discover a BackendType::OpenGLES adapter.
`

describe('dawnReason', () => {
  it("keeps the first line that says why, without Dawn's prefix, source locations or the XDG_RUNTIME_DIR complaint", () => {
    expect(dawnReason(noLoader)).toBe("Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory")
    expect(dawnReason(noDriver)).toBe('vkCreateInstance: Found no drivers!')
    expect(dawnReason(noDevice)).toBe('Loader Message: setup_loader_term_phys_devs: Failed to detect any valid GPUs in the current config')
    expect(dawnReason('error: XDG_RUNTIME_DIR is invalid or not set in the environment.\n')).toBeNull()
    expect(dawnReason('')).toBeNull()
    expect(dawnReason(`Warning: ${'x'.repeat(300)}`)).toHaveLength(160)
  })
})

describe('probeWebGpu', () => {
  it("asks Dawn in a child process and gives its reason here, where there is no GPU", async () => {
    const probe = await probeWebGpu(createRequire(__filename).resolve('webgpu'))
    expect(probe).toEqual({ adapter: false, reason: expect.stringMatching(/^no GPU adapter \(Dawn: .*Vulkan.*\)$/) as unknown })
  })
})
