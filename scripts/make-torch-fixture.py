#!/usr/bin/env python3
"""Build the PyTorch interop fixture test/fixtures/models/torch-tanh/ (the README's recipe).

A seeded nn.Sequential(Linear(2,16), Tanh(), Linear(16,16), Tanh(), Linear(16,1)) is trained for a
few hundred Adam steps (denoising score matching on a two-blob toy set, so the weights are not
just the initialization), its state_dict is saved as safetensors, a model.json is written by hand,
and torch computes reference values and gradients in float64 at a few points.

Run with Debian's python3-torch:  /usr/bin/python3 scripts/make-torch-fixture.py [OUT_DIR]
The python `safetensors` package is used when present; otherwise the file is written by hand
(8-byte little-endian header length, JSON header, raw little-endian tensor bytes).
"""
import json
import os
import struct
import sys

import torch

OUT = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'models', 'torch-tanh'))
LAMBDA = 0.1


def save_safetensors(tensors, path):
    """The safetensors layout, written by hand: tensors are stored in the order given."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        dtype = {torch.float32: 'F32', torch.float64: 'F64'}[t.dtype]
        data = t.numpy().astype('<f4' if dtype == 'F32' else '<f8').tobytes()
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)  # pad to 8 bytes like the reference writer
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(20260526)
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.Tanh(),
        torch.nn.Linear(16, 16), torch.nn.Tanh(),
        torch.nn.Linear(16, 1),
    )

    def energy(m, x):
        return m(x).squeeze(-1) + 0.5 * LAMBDA * (x ** 2).sum(-1)

    # Denoising score matching: -grad E(x + s z) should match -z / s.
    opt = torch.optim.Adam(net.parameters(), lr=1e-2)
    centers = torch.tensor([[-1.5, 0.0], [1.5, 0.5]])
    sigma = 0.3
    for _ in range(300):
        data = centers[torch.randint(0, 2, (256,))] + 0.4 * torch.randn(256, 2)
        z = torch.randn_like(data)
        x = (data + sigma * z).requires_grad_(True)
        g, = torch.autograd.grad(energy(net, x).sum(), x, create_graph=True)
        loss = ((g - z / sigma) ** 2).sum(-1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    os.makedirs(OUT, exist_ok=True)
    state = net.state_dict()  # keys 0.weight, 0.bias, 2.weight, 2.bias, 4.weight, 4.bias (float32)
    path = os.path.join(OUT, 'weights.safetensors')
    try:
        from safetensors.torch import save_file
        save_file(state, path)
    except ImportError:
        save_safetensors(state, path)

    manifest = {
        'format': 'emcert-mlp@1',
        'inputDim': 2,
        'weights': 'weights.safetensors',
        'layers': [
            {'weight': '0.weight', 'bias': '0.bias', 'activation': 'tanh'},
            {'weight': '2.weight', 'bias': '2.bias', 'activation': 'tanh'},
            {'weight': '4.weight', 'bias': '4.bias', 'activation': 'identity'},
        ],
        'regularizer': {'type': 'quadratic', 'lambda': LAMBDA, 'center': [0, 0]},
        'temperature': 1,
    }
    with open(os.path.join(OUT, 'model.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')

    # References in float64 from the stored float32 weights (exactly what the loader reads).
    net64 = net.double()
    points = torch.tensor([[0.0, 0.0], [0.5, -1.0], [-1.5, 0.25], [2.0, 1.0], [-3.0, -2.5], [0.1, 4.0]], dtype=torch.float64)
    x = points.clone().requires_grad_(True)
    e = energy(net64, x)
    g, = torch.autograd.grad(e.sum(), x, create_graph=True)
    hessians = []
    for i in range(points.shape[0]):
        rows = [torch.autograd.grad(g[i, j], x, retain_graph=True)[0][i].tolist() for j in range(2)]
        hessians.append(rows)
    reference = {
        'note': 'E(x) = net(x) + (lambda/2)|x|^2 computed by torch in float64 from the stored float32 weights',
        'torch': torch.__version__,
        'points': points.tolist(),
        'values': e.tolist(),
        'gradients': g.tolist(),
        'hessians': hessians,
    }
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(reference, f, indent=2)
        f.write('\n')
    print(f'wrote {OUT}: final loss {loss.item():.4f}')


if __name__ == '__main__':
    main()
