import { newRequestToken } from '../../../src/aws/requestToken.js';

describe('newRequestToken', () => {
  it('is 64 lowercase hex characters, within the 32-64 Secrets Manager accepts', () => {
    expect(newRequestToken()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is different for every write, so a version id says nothing about the value written', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newRequestToken()));
    expect(tokens.size).toBe(1000);
  });
});
