/**
 * Structured logging for the runtime: pino loggers with the field names controller-runtime uses
 * (controller, namespace, name, reconcileID) so log queries carry over.
 */
import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

/** The logger type used across the runtime. */
export type Logger = PinoLogger;

/** Options of the root logger. */
export interface LoggerSettings {
  /** Minimum level. Default from TSOP_LOG_LEVEL, else 'info'. */
  level?: string;
  /** Extra base fields on every line. */
  base?: Record<string, unknown>;
  /** Destination stream. Default stdout. */
  destination?: NodeJS.WritableStream;
}

/** Creates the root JSON logger. */
export function newLogger(settings: LoggerSettings = {}): Logger {
  const opts: LoggerOptions = {
    level: settings.level ?? process.env.TSOP_LOG_LEVEL ?? 'info',
    base: settings.base ?? {},
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return settings.destination ? pino(opts, settings.destination) : pino(opts);
}

/** A logger that discards everything; the default where a caller passes none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
