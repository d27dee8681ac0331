"""The reference of `npm run bench:train`: the same ResNet-18 step (128 px, batch 32, Adam, BCE over N
classes) in PyTorch on the CPU, with every core. Prints one JSON line: {"imagesPerSecond": …, …}.
Debian: apt-get install python3-torch python3-torchvision (run with /usr/bin/python3)."""
import json
import os
import sys
import time

import torch
import torchvision

size = int(sys.argv[1]) if len(sys.argv) > 1 else 128
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 32
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20
classes = int(sys.argv[4]) if len(sys.argv) > 4 else 100
arch = sys.argv[5] if len(sys.argv) > 5 else "resnet18"

torch.set_num_threads(os.cpu_count() or 1)
torch.manual_seed(1)
model = getattr(torchvision.models, arch)(num_classes=classes)
model.train()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.BCEWithLogitsLoss()
x = torch.randn(batch, 3, size, size)
y = (torch.rand(batch, classes) < 0.05).float()


def step():
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


step()  # warm-up (allocations, oneDNN primitive creation)
steps = 0
start = time.perf_counter()
while True:
    step()
    steps += 1
    elapsed = time.perf_counter() - start
    if elapsed >= seconds and steps >= 2:
        break
print(json.dumps({
    "framework": f"pytorch {torch.__version__}",
    "arch": arch,
    "size": size,
    "batch": batch,
    "threads": torch.get_num_threads(),
    "steps": steps,
    "seconds": round(elapsed, 3),
    "imagesPerSecond": round(steps * batch / elapsed, 2),
}))
