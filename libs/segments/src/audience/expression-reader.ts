import { Injectable } from '@nestjs/common';
import { ErasureRegistry } from '@tagstream/compliance';
import { TagCatalog, TagViewer } from '@tagstream/tagging';
import { canonicalExpressionHash, expandMacros, Expr, parseExpressionInput } from '../expression';
import { compileExpression, CompiledExpression } from '../compiler/compile-expression';

/** The platform's view of the taxonomy: the compiler only needs each tag's kind. */
const PLATFORM: TagViewer = { role: 'auditor' };

/** Request expressions in, compiled SQL out; validation sees the taxonomy as the caller may see it. */
@Injectable()
export class ExpressionReader {
  constructor(
    readonly catalog: TagCatalog,
    private readonly erasures: ErasureRegistry,
  ) {}

  /** The validated JSON form (macros kept) of a request's JSON or `{ text }` expression; 400 naming every problem. */
  read(input: unknown, viewer: TagViewer, path = 'expression'): Expr {
    return parseExpressionInput(input, this.catalog, viewer, { path });
  }

  hash(expr: Expr): string {
    return canonicalExpressionHash(expr);
  }

  /**
   * Reads erasures recorded since the last look (by this or another process),
   * so the next `compile` leaves them out; concurrent callers share one read.
   */
  refreshErasures(): Promise<void> {
    return this.erasures.refresh();
  }

  /** People whose erasure is recorded and not completed are left out (their labels may still be there). */
  compile(expr: Expr, asOf: Date): CompiledExpression {
    return compileExpression(expandMacros(expr), {
      asOf,
      kindOf: (tag) => this.catalog.resolve(tag, PLATFORM)?.kind,
      excluded: this.erasures.pendingSurrogates(),
    });
  }
}
