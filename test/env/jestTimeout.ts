// Integration tests wait on real processes: give each test two minutes (unit tests keep jest's 5 s).
import { jest } from '@jest/globals';

jest.setTimeout(120_000);
