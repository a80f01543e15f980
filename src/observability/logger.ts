// The operator's winston logger: JSON for machines by default, text for humans.
import winston from 'winston';

export type LogFormat = 'json' | 'text';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** The logging surface the rest of the code uses. */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  /** A logger adding `fields` to every line (e.g. kind, namespace, name, reconcileID). */
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go. @default process.stderr */
  stream?: NodeJS.WritableStream;
}

const textFormat = winston.format.printf((info) => {
  const { level, message, timestamp, ...fields } = info;
  const rest = Object.entries(fields)
    .filter(([k]) => typeof k === 'string')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${String(timestamp)} ${level.toUpperCase().padEnd(5)} ${String(message)}${rest ? ` ${rest}` : ''}`;
});

function wrap(logger: winston.Logger): Logger {
  return {
    error: (m, f) => void logger.error(m, f),
    warn: (m, f) => void logger.warn(m, f),
    info: (m, f) => void logger.info(m, f),
    debug: (m, f) => void logger.debug(m, f),
    child: (fields) => wrap(logger.child(fields)),
  };
}

/** A logger writing one line per entry to `stream`. */
export function createLogger(options: LoggerOptions): Logger {
  const format = options.format === 'json' ? winston.format.json() : textFormat;
  return wrap(
    winston.createLogger({
      level: options.level,
      format: winston.format.combine(winston.format.timestamp(), format),
      transports: [new winston.transports.Stream({ stream: options.stream ?? process.stderr })],
    }),
  );
}
