import { maskSecrets } from '../secrets.js'

/** Annotation properties shown by GitHub next to an error or warning. */
export interface AnnotationProperties {
  title?: string
}

/**
 * The one way operations talk to people. The action implements it with
 * @actions/core, the CLI with stderr; operations never import either.
 * Every implementation masks registered secrets.
 */
export interface Logger {
  info(message: string): void
  debug(message: string): void
  warning(message: string, properties?: AnnotationProperties): void
  error(message: string, properties?: AnnotationProperties): void
  group<T>(name: string, work: () => Promise<T>): Promise<T>
}

/** A logger that writes plain lines to a stream (the CLI uses stderr so --json stdout stays clean). */
export function createStreamLogger(
  write: (line: string) => void,
  options: { verbose?: boolean } = {}
): Logger {
  const emit = (prefix: string, message: string): void => {
    for (const line of maskSecrets(message).split('\n')) write(`${prefix}${line}\n`)
  }
  return {
    info: (message) => emit('', message),
    debug: (message) => {
      if (options.verbose) emit('debug: ', message)
    },
    warning: (message, properties) =>
      emit('warning: ', properties?.title ? `${properties.title}: ${message}` : message),
    error: (message, properties) =>
      emit('error: ', properties?.title ? `${properties.title}: ${message}` : message),
    group: async (name, work) => {
      emit('', `== ${name}`)
      return work()
    }
  }
}

/** A logger that keeps every line in memory: for tests and for capturing a step's output. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const logger = createStreamLogger((line) => lines.push(line.replace(/\n$/, '')), {
    verbose: true
  })
  return Object.assign(logger, { lines })
}
