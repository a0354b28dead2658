/**
 * Every public export carries TSDoc: a summary for each, and an `@example` for each function (a
 * function declaration, or a const whose type has call signatures). One TypeScript Program over
 * all the entry files; each export is followed through re-exports to its declarations.
 *
 * A codec and its static type share a name (`const Reaction` and `type Reaction`) and so one
 * symbol, but the reference (docs/api, TypeDoc) gives each its own page: each needs its summary.
 */
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The files behind the package's `exports` map, under every condition. */
const entries = [
  'src/index.ts',
  'src/index.node.ts',
  'src/entries/decode.ts',
  'src/entries/verify.ts',
  'src/entries/verify.node.ts',
  'src/node.ts',
  'src/testing/index.ts',
]

/** `{@inheritDoc target}` alone: the declaration takes its docs from another export. */
const INHERIT_DOC = /^\s*\{@inheritDoc\s+[^}]+\}\s*$/

interface ExportDoc {
  /** `name (path:line)` of the first declaration, for the report. */
  readonly where: string
  readonly name: string
  readonly entries: string[]
  /** Which of the symbol's meanings (`value`, `type`) has no summary on any of its declarations. */
  readonly undocumented: readonly string[]
  readonly inherits: boolean
  readonly function: boolean
  readonly example: boolean
}

function createProgram(): ts.Program {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root)
  return ts.createProgram({ rootNames: entries.map((e) => join(root, e)), options: { ...options, noEmit: true } })
}

function text(comment: ts.JSDoc['comment']): string {
  if (comment === undefined || typeof comment === 'string') return comment ?? ''
  return comment.map((part) => (part.kind === ts.SyntaxKind.JSDocText ? part.text : part.getText())).join('')
}

/** Reads the TSDoc of one exported symbol, over all its declarations in src/. */
function document(checker: ts.TypeChecker, name: string, symbol: ts.Symbol): ExportDoc | undefined {
  const decls = (symbol.getDeclarations() ?? []).filter((d) => !d.getSourceFile().isDeclarationFile)
  const first = decls[0]
  if (first === undefined) return undefined
  const file = first.getSourceFile()
  const where = `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(first.getStart()).line + 1}`
  // A const's block sits on its variable statement; getJSDocCommentsAndTags finds it there.
  const docsOf = (d: ts.Declaration) => ts.getJSDocCommentsAndTags(d).filter(ts.isJSDoc)
  const summaryOf = (ds: readonly ts.Declaration[]) =>
    ds
      .flatMap(docsOf)
      .map((d) => text(d.comment).trim())
      .find((s) => s !== '') ?? ''
  const docs = decls.flatMap(docsOf)
  const summary = summaryOf(decls)
  const meanings = {
    value: decls.filter((d) => !ts.isTypeAliasDeclaration(d) && !ts.isInterfaceDeclaration(d)),
    type: decls.filter((d) => ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d)),
  }
  const undocumented = Object.entries(meanings)
    .filter(([, ds]) => ds.length > 0 && summaryOf(ds) === '')
    .map(([meaning]) => meaning)
  const isFunction = decls.some(
    (d) =>
      ts.isFunctionDeclaration(d) ||
      (ts.isVariableDeclaration(d) && checker.getTypeOfSymbolAtLocation(symbol, d).getCallSignatures().length > 0),
  )
  return {
    where,
    name,
    entries: [],
    undocumented,
    inherits: INHERIT_DOC.test(summary),
    function: isFunction,
    example: docs.some((d) => (d.tags ?? []).some((tag) => tag.tagName.text === 'example')),
  }
}

/** Every public export, once per declaring symbol, with the entries that export it. */
function collect(): ExportDoc[] {
  const program = createProgram()
  const checker = program.getTypeChecker()
  const bySymbol = new Map<ts.Symbol, ExportDoc>()
  for (const entry of entries) {
    const file = program.getSourceFile(join(root, entry))
    const moduleSymbol = file && checker.getSymbolAtLocation(file)
    if (moduleSymbol === undefined) throw new Error(`${entry} is not a module in the program`)
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      let doc = bySymbol.get(symbol)
      if (doc === undefined) {
        doc = document(checker, exported.getName(), symbol) ?? {
          where: '(no declaration in src/)',
          name: exported.getName(),
          entries: [],
          undocumented: ['value', 'type'],
          inherits: false,
          function: false,
          example: false,
        }
        bySymbol.set(symbol, doc)
      }
      doc.entries.push(entry)
    }
  }
  return [...bySymbol.values()]
}

function problems(exports: readonly ExportDoc[]): string[] {
  const out: string[] = []
  for (const doc of exports) {
    const at = `${doc.name} (${doc.where}; exported by ${doc.entries.join(', ')})`
    if (doc.inherits) {
      // Stands for the export of the same name elsewhere (index.node.ts re-declares handleWebhook).
      const target = exports.find((d) => d !== doc && d.name === doc.name && !d.inherits)
      if (target === undefined) out.push(`${at}: {@inheritDoc} but no other export of that name`)
      continue
    }
    for (const meaning of doc.undocumented) out.push(`${at}: no TSDoc summary on the ${meaning}`)
    if (doc.function && !doc.example) out.push(`${at}: a function without an @example`)
  }
  return out
}

describe('TSDoc on the public surface', () => {
  const exports = collect()

  it('finds the exports of every entry, the functions among them', () => {
    for (const entry of entries)
      expect(
        exports.some((d) => d.entries.includes(entry)),
        entry,
      ).toBe(true)
    const functions = exports.filter((d) => d.function).map((d) => d.name)
    expect(functions).toEqual(expect.arrayContaining(['decodeWebhook', 'handleWebhook', 'nodeHandler', 'struct']))
    expect(exports.find((d) => d.name === 'WebhookBody')?.function).toBe(false)
  })

  it('gives every export a summary and every function an @example', () => {
    const found = problems(exports)
    expect(found, `Document these exports in their TSDoc:\n${found.join('\n')}`).toEqual([])
  })
})
