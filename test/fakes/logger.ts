// A logger that keeps its lines, so a test can assert what was (and what was never) logged.
import type { Logger } from '../../src/observability/logger.js';

/** One logged line with the fields of its logger and of the call. */
export interface LoggedLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  fields: Record<string, unknown>;
}

/** A Logger in memory; children write to their parent's lines. */
export class FakeLogger implements Logger {
  constructor(
    readonly lines: LoggedLine[] = [],
    private readonly base: Record<string, unknown> = {},
  ) {}

  error(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'error', message, fields: { ...this.base, ...fields } });
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'warn', message, fields: { ...this.base, ...fields } });
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'info', message, fields: { ...this.base, ...fields } });
  }

  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'debug', message, fields: { ...this.base, ...fields } });
  }

  child(fields: Record<string, unknown>): Logger {
    return new FakeLogger(this.lines, { ...this.base, ...fields });
  }

  /** Everything logged, as one string (to search for what must never appear). */
  text(): string {
    return JSON.stringify(this.lines);
  }
}
