/**
 * The error-code registry check: every `UserError.code` a subgraph's sources can return is a
 * value of the `<Subgraph>ErrorCode` enum in its SDL (with a description), and every value
 * still documented there is returned somewhere.
 *
 * Codegen already makes an undocumented code a type error (services build errors with a
 * `userError` typed by the enum). This check reads the sources as text, so it also catches what
 * types let through (a cast, an untyped object) and the other direction — a documented code
 * nothing returns any more, which should be `@deprecated` instead.
 *
 * A code counts as used where the sources write it as a SCREAMING_SNAKE literal:
 * - as an argument of `userError(…)`, or of any function, method or constructor of the scanned
 *   sources whose parameter at that position is typed with a `…ErrorCode` type;
 * - as the value of a `code:` property (not in a GraphQL error's `extensions`: thrown codes such
 *   as `BAD_USER_INPUT` are not user errors);
 * - anywhere inside a declaration or `satisfies` expression typed with a `…ErrorCode` type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EnumTypeDefinitionNode, Kind, parse } from 'graphql';
import type * as TS from 'typescript';

export interface ErrorRegistryOptions {
  /** The subgraph's SDL file. */
  schema: string | URL;
  /** The enum listing the subgraph's codes, e.g. `SalesErrorCode`. */
  enumName: string;
  /** The folder of sources to scan; spec files, fixtures and `__generated__` are skipped. */
  sourceDir: string | URL;
  /**
   * Folders under `sourceDir` whose codes are not user errors and are not scanned, each with the
   * reason (e.g. a worker that records device failure codes, documented elsewhere in the SDL).
   */
  exclude?: Record<string, string>;
}

export interface ErrorRegistryReport {
  /** Codes the enum documents (not deprecated). */
  documented: string[];
  /** Codes the enum keeps for old clients, marked `@deprecated`. */
  deprecated: string[];
  /** Enum values without a description. */
  undescribed: string[];
  /** Each code the sources use, with where (`file:line`). */
  used: Record<string, string[]>;
  /** Codes the sources use that the enum does not document (or only as deprecated). */
  undocumented: { code: string; at: string[] }[];
  /** Codes the enum documents that no source uses. */
  unused: string[];
}

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const CODE_TYPE = /\b\w*ErrorCode\b/;
const SKIPPED_DIRS = new Set(['__generated__', 'node_modules']);

const pathOf = (p: string | URL) => (p instanceof URL ? fileURLToPath(p) : p);

/** Scans `sourceDir` and compares the codes it uses with the enum in `schema`. */
export async function checkErrorRegistry(options: ErrorRegistryOptions): Promise<ErrorRegistryReport> {
  const registry = readRegistry(pathOf(options.schema), options.enumName);
  const ts = (await import('typescript')).default;
  const root = pathOf(options.sourceDir);
  const excluded = Object.keys(options.exclude ?? {}).map((dir) => join(root, dir));
  const files = sourceFiles(root, excluded).map((file) =>
    ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
  );
  const codeParams = collectCodeParameters(ts, files);
  const used: Record<string, string[]> = {};
  for (const file of files) {
    for (const { code, node } of collectCodes(ts, file, codeParams)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      used[code] = [...(used[code] ?? []), `${relative(root, file.fileName)}:${line + 1}`];
    }
  }
  const documented = new Set(registry.documented);
  return {
    ...registry,
    used,
    undocumented: Object.entries(used)
      .filter(([code]) => !documented.has(code))
      .map(([code, at]) => ({ code, at }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    unused: registry.documented.filter((code) => !used[code]),
  };
}

function readRegistry(
  schemaFile: string,
  enumName: string,
): Pick<ErrorRegistryReport, 'documented' | 'deprecated' | 'undescribed'> {
  const document = parse(readFileSync(schemaFile, 'utf8'));
  const definition = document.definitions.find(
    (d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === enumName,
  );
  if (!definition) throw new Error(`${schemaFile} has no enum ${enumName}`);
  const values = definition.values ?? [];
  const isDeprecated = (v: (typeof values)[number]) =>
    (v.directives ?? []).some((d) => d.name.value === 'deprecated');
  return {
    documented: values.filter((v) => !isDeprecated(v)).map((v) => v.name.value),
    deprecated: values.filter(isDeprecated).map((v) => v.name.value),
    undescribed: values.filter((v) => !v.description?.value.trim()).map((v) => v.name.value),
  };
}

function sourceFiles(dir: string, excluded: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return SKIPPED_DIRS.has(entry.name) || excluded.includes(path) ? [] : sourceFiles(path, excluded);
    }
    const skipped = /\.(spec|fixtures)\.ts$/.test(entry.name) || entry.name.endsWith('.d.ts');
    return entry.name.endsWith('.ts') && !skipped ? [path] : [];
  });
}

/** Callee name → positions of its parameters typed with an error-code type. */
function collectCodeParameters(ts: typeof TS, files: TS.SourceFile[]): Map<string, Set<number>> {
  const found = new Map<string, Set<number>>([['userError', new Set([0])]]);
  const record = (
    name: string | undefined,
    params: TS.NodeArray<TS.ParameterDeclaration>,
    file: TS.SourceFile,
  ) => {
    if (!name) return;
    params.forEach((param, index) => {
      if (param.type && CODE_TYPE.test(param.type.getText(file))) {
        if (!found.has(name)) found.set(name, new Set());
        found.get(name)!.add(index);
      }
    });
  };
  for (const file of files) {
    const visit = (node: TS.Node): void => {
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
        record(node.name?.getText(file), node.parameters, file);
      } else if (ts.isConstructorDeclaration(node) && ts.isClassLike(node.parent)) {
        record(node.parent.name?.getText(file), node.parameters, file);
      } else if (
        ts.isVariableDeclaration(node) &&
        node.initializer &&
        (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
      ) {
        record(node.name.getText(file), node.initializer.parameters, file);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** The SCREAMING_SNAKE literals an expression may evaluate to (through `?:`, `??`, parentheses, casts). */
function literalsOf(ts: typeof TS, node: TS.Node): TS.StringLiteralLike[] {
  if (ts.isStringLiteralLike(node)) return CODE.test(node.text) ? [node] : [];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return literalsOf(ts, node.expression);
  }
  if (ts.isConditionalExpression(node)) {
    return [...literalsOf(ts, node.whenTrue), ...literalsOf(ts, node.whenFalse)];
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    return [...literalsOf(ts, node.left), ...literalsOf(ts, node.right)];
  }
  return [];
}

/** Every SCREAMING_SNAKE string literal anywhere below `node`. */
function allLiterals(ts: typeof TS, node: TS.Node): TS.StringLiteralLike[] {
  const out: TS.StringLiteralLike[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isStringLiteralLike(n) && CODE.test(n.text)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function calleeName(ts: typeof TS, expression: TS.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** A `code: …` property, except in a GraphQL error's `extensions` (thrown codes are no user errors). */
function isCodeProperty(ts: typeof TS, file: TS.SourceFile, node: TS.Node): node is TS.PropertyAssignment {
  if (!ts.isPropertyAssignment(node) || node.name.getText(file) !== 'code') return false;
  const owner = node.parent.parent;
  return !(ts.isPropertyAssignment(owner) && owner.name.getText(file) === 'extensions');
}

function collectCodes(
  ts: typeof TS,
  file: TS.SourceFile,
  codeParams: Map<string, Set<number>>,
): { code: string; node: TS.Node }[] {
  const found: TS.StringLiteralLike[] = [];
  const visit = (node: TS.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
      const positions = codeParams.get(calleeName(ts, node.expression) ?? '');
      for (const index of positions ?? []) {
        const arg = node.arguments[index];
        if (arg) found.push(...literalsOf(ts, arg));
      }
    } else if (isCodeProperty(ts, file, node)) {
      found.push(...literalsOf(ts, node.initializer));
    } else if (
      (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) &&
      node.type &&
      node.initializer &&
      CODE_TYPE.test(node.type.getText(file))
    ) {
      found.push(...allLiterals(ts, node.initializer));
    } else if (ts.isSatisfiesExpression(node) && CODE_TYPE.test(node.type.getText(file))) {
      found.push(...allLiterals(ts, node.expression));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found.map((node) => ({ code: node.text, node }));
}
