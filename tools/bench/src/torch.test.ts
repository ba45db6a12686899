import { describe, expect, it } from 'vitest';
import { torchPython } from './torch.js';

describe('torchPython', () => {
  it('--no-torch: no interpreter, the note says so; --python is used as given', () => {
    expect(torchPython(false, '/opt/py/bin/python3')).toEqual({ py: null, note: 'PyTorch columns skipped (--no-torch).' });
    expect(torchPython(true, '/opt/py/bin/python3')).toEqual({ py: '/opt/py/bin/python3', note: null });
  });
});
