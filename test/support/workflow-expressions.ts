// GitHub Actions expressions (`${{ ... }}`), enough for the workflows and README
// snippets: literals, context paths (`secrets.X`, `inputs.run-id`,
// `job.services.scratch.ports['5432']`), ! == != < <= > >= && || and parentheses,
// and the functions format, contains, startsWith, endsWith, success, failure,
// always, cancelled. Strict on purpose: a context path the test's table does not
// hold is an error, even on the side of `||` / `&&` that GitHub would not need,
// so no expression in a workflow goes unchecked.

export type ExpressionValue = string | number | boolean | null | ExpressionObject
export interface ExpressionObject {
  [key: string]: ExpressionValue
}

/** What an expression can see: the contexts by name, and the job's status for success() & co. */
export interface ExpressionScope {
  contexts: Record<string, ExpressionValue>
  /** Whether an earlier step of the job failed. */
  jobFailed: boolean
}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string }

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  const pattern =
    /\s+|'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|(\|\||&&|==|!=|<=|>=|[<>!()[\].,])|([A-Za-z_][A-Za-z0-9_-]*)/y
  let index = 0
  while (index < source.length) {
    pattern.lastIndex = index
    const match = pattern.exec(source)
    if (!match) throw new Error(`cannot read the expression at "${source.slice(index)}"`)
    index = pattern.lastIndex
    if (match[1] !== undefined) tokens.push({ kind: 'string', value: match[1].replace(/''/g, "'") })
    else if (match[2] !== undefined) tokens.push({ kind: 'number', value: Number(match[2]) })
    else if (match[3] !== undefined) tokens.push({ kind: 'op', value: match[3] })
    else if (match[4] !== undefined) tokens.push({ kind: 'name', value: match[4] })
  }
  return tokens
}

class Parser {
  private position = 0
  constructor(
    private readonly tokens: Token[],
    private readonly scope: ExpressionScope,
    private readonly source: string
  ) {}

  parse(): ExpressionValue {
    const value = this.or()
    if (this.position < this.tokens.length) this.fail('unexpected text after the expression')
    return value
  }

  private peek(value: string): boolean {
    const token = this.tokens[this.position]
    return token?.kind === 'op' && token.value === value
  }

  private take(value: string): void {
    if (!this.peek(value)) this.fail(`expected "${value}"`)
    this.position++
  }

  private fail(message: string): never {
    throw new Error(`${message} in \${{ ${this.source} }}`)
  }

  // Both operands are always evaluated (strictness); the result is GitHub's.
  private or(): ExpressionValue {
    let value = this.and()
    while (this.peek('||')) {
      this.position++
      const right = this.and()
      value = truthy(value) ? value : right
    }
    return value
  }

  private and(): ExpressionValue {
    let value = this.comparison()
    while (this.peek('&&')) {
      this.position++
      const right = this.comparison()
      value = truthy(value) ? right : value
    }
    return value
  }

  private comparison(): ExpressionValue {
    let value = this.unary()
    for (;;) {
      const op = ['==', '!=', '<=', '>=', '<', '>'].find((candidate) => this.peek(candidate))
      if (!op) return value
      this.position++
      value = compare(op, value, this.unary())
    }
  }

  private unary(): ExpressionValue {
    if (this.peek('!')) {
      this.position++
      return !truthy(this.unary())
    }
    return this.postfix()
  }

  private postfix(): ExpressionValue {
    const token = this.tokens[this.position++]
    if (!token) this.fail('the expression ends too early')
    let value: ExpressionValue
    let path: string
    if (token.kind === 'string' || token.kind === 'number') return token.value
    if (token.kind === 'op') {
      if (token.value !== '(') this.fail(`unexpected "${token.value}"`)
      value = this.or()
      this.take(')')
      return value
    }
    if (token.value === 'true' || token.value === 'false') return token.value === 'true'
    if (token.value === 'null') return null
    if (this.peek('(')) return this.call(token.value)
    if (!(token.value in this.scope.contexts)) this.fail(`unknown context ${token.value}`)
    value = this.scope.contexts[token.value]!
    path = token.value
    for (;;) {
      let key: string
      if (this.peek('.')) {
        this.position++
        const name = this.tokens[this.position++]
        if (name?.kind !== 'name') this.fail('expected a property name after "."')
        key = name.value
      } else if (this.peek('[')) {
        this.position++
        key = toText(this.or())
        this.take(']')
      } else {
        return value
      }
      path = `${path}.${key}`
      if (value === null || typeof value !== 'object' || !(key in value)) {
        this.fail(`${path} is not in the test's table`)
      }
      value = value[key]!
    }
  }

  private call(name: string): ExpressionValue {
    this.take('(')
    const args: ExpressionValue[] = []
    while (!this.peek(')')) {
      args.push(this.or())
      if (!this.peek(')')) this.take(',')
    }
    this.take(')')
    switch (name) {
      case 'success':
        return !this.scope.jobFailed
      case 'failure':
        return this.scope.jobFailed
      case 'always':
        return true
      case 'cancelled':
        return false
      case 'format': {
        const [template, ...rest] = args
        return toText(template ?? '').replace(/\{(\d+)\}/g, (_, n: string) =>
          toText(rest[Number(n)] ?? '')
        )
      }
      case 'contains':
        return toText(args[0] ?? '')
          .toLowerCase()
          .includes(toText(args[1] ?? '').toLowerCase())
      case 'startsWith':
        return toText(args[0] ?? '')
          .toLowerCase()
          .startsWith(toText(args[1] ?? '').toLowerCase())
      case 'endsWith':
        return toText(args[0] ?? '')
          .toLowerCase()
          .endsWith(toText(args[1] ?? '').toLowerCase())
      default:
        return this.fail(`unknown function ${name}()`)
    }
  }
}

/** GitHub's falsy values: false, 0, '', null (and NaN). */
export function truthy(value: ExpressionValue): boolean {
  if (value === null || value === false || value === '' || value === 0) return false
  return !(typeof value === 'number' && Number.isNaN(value))
}

/** How a value reads once interpolated into a string. */
export function toText(value: ExpressionValue): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function toNumber(value: ExpressionValue): number {
  if (value === null) return 0
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value)
  return Number.NaN
}

/** GitHub compares strings case-insensitively and coerces mixed types to numbers. */
function compare(op: string, left: ExpressionValue, right: ExpressionValue): boolean {
  let a: string | number
  let b: string | number
  if (typeof left === 'string' && typeof right === 'string') {
    a = left.toLowerCase()
    b = right.toLowerCase()
  } else {
    a = toNumber(left)
    b = toNumber(right)
  }
  switch (op) {
    case '==':
      return a === b
    case '!=':
      return a !== b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    default:
      return a >= b
  }
}

/** Evaluates one expression (the text inside `${{ }}`, or an `if:` without it). */
export function evaluateExpression(source: string, scope: ExpressionScope): ExpressionValue {
  return new Parser(tokenize(source), scope, source.trim()).parse()
}

/** Replaces every `${{ ... }}` in a string with its value as text. */
export function interpolate(text: string, scope: ExpressionScope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, inner: string) =>
    toText(evaluateExpression(inner, scope))
  )
}

/** An `if:` condition: `${{ x }}` or bare `x`; absent means success(). */
export function condition(source: string | undefined, scope: ExpressionScope): boolean {
  if (source === undefined) return !scope.jobFailed
  const bare = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(source)?.[1] ?? source
  return truthy(evaluateExpression(bare, scope))
}
