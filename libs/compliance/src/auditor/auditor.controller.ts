import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { NotFoundError, ValidationFailedError } from '@tagstream/common';
import { AuditStore } from '../audit-projection/audit-store';
import { DisclosureService } from '../disclosure/disclosure.service';
import { ErasureAnswer, ErasureService } from '../erasure/erasure.service';
import { ErasureRegistry } from '../erasure/erasure-registry';
import { SubjectDirectoryRef } from '../erasure/subject-directory.ref';
import { AuditFilter, AuditQueries } from './audit-queries';
import { AuditQueryDto, ExposureFilterDto } from './auditor.dto';
import { AuditPageDto, ErasureAnswerDto, ExposureAnswerDto, LineageReportDto, SubjectAnswerDto } from './auditor.responses';
import { lineageReport, LineageReport } from './lineage-report';

const USER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

@ApiTags('compliance')
@Controller('v1')
export class AuditorController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly auditTables: AuditStore,
    private readonly disclosure: DisclosureService,
    private readonly erasures: ErasureRegistry,
    private readonly directory: SubjectDirectoryRef,
  ) {}

  @Get('audit')
  @Roles('auditor')
  @ApiOperation({ summary: 'Exposure audit records, newest first; filters tenant, actor, action, refused, from/to; cursor paging' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'A filter or the cursor is not valid, or from is not before to' })
  async audit(@Query() query: AuditQueryDto) {
    const page = await this.queries.records(toFilter(query), { cursor: query.cursor, limit: query.limit ?? 100 });
    return { ...page, projection: await this.projection() };
  }

  @Get('compliance/exposure')
  @Roles('auditor')
  @ApiOperation({ summary: 'Exposure per tenant, action and UTC day: records and ids exposed' })
  @ApiOkResponse({ type: ExposureAnswerDto })
  @ApiBadRequestResponse({ description: 'A filter is not valid, or from is not before to' })
  async exposure(@Query() query: ExposureFilterDto) {
    return { days: await this.queries.exposure(toFilter(query)), projection: await this.projection() };
  }

  @Get('compliance/subjects/:userId')
  @Roles('auditor')
  @ApiOperation({ summary: 'Which tenants received this person, through which snapshot and definition version, when' })
  @ApiOkResponse({ type: SubjectAnswerDto })
  @ApiBadRequestResponse({ description: 'userId is not a platform user id' })
  @ApiNotFoundResponse({ description: 'No such person is known (and none was erased under that id)' })
  async subject(@Param('userId') userId: string, @CurrentPrincipal() principal: Principal) {
    assertUserId(userId);
    // Erased from the moment the erasure is recorded, even while its mapping still exists (mid-way, or before a resume).
    await this.erasures.refresh();
    const erased = this.erasures.isErased(userId);
    const surrogate = erased ? undefined : await this.directory.require().surrogateOf(userId);
    if (surrogate === undefined) {
      if (!erased) throw new NotFoundError(`no user ${userId} is known`, { userId });
      await this.disclosure.audit({ principal, action: 'compliance.subjects', numbers: { exposures: 0 } });
      return { userId, erased: true, tenants: [], exposures: [], projection: await this.projection() };
    }
    const exposures = await this.queries.subject(surrogate);
    await this.disclosure.audit({ principal, action: 'compliance.subjects', numbers: { exposures: exposures.length } });
    const tenants = [...new Set(exposures.map((e) => e.tenant).filter((t): t is string => t !== null))].sort();
    return { userId, erased: false, tenants, exposures, projection: await this.projection() };
  }

  @Get('compliance/lineage')
  @Roles('auditor')
  @ApiOperation({ summary: "Every tag's source event fields and the forbidden-field check" })
  @ApiOkResponse({ type: LineageReportDto })
  lineage(): LineageReport {
    return lineageReport();
  }

  /** How far the audit tables reflect the audit streams: the projection's checkpoint, wherever it runs. */
  private async projection(): Promise<{ position: string | null }> {
    const checkpoint = await this.auditTables.readCheckpoint();
    return { position: checkpoint ? `${checkpoint.position.commit}/${checkpoint.position.prepare}` : null };
  }
}

@ApiTags('compliance')
@Controller('v1/users')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Delete(':userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Erase a person: raw events, labels and bitmap bits, surrogate mapping; recorded by keyed hash only' })
  @ApiOkResponse({ type: ErasureAnswerDto, description: 'Erased now, or already erased (`alreadyErased`): the call is idempotent' })
  @ApiBadRequestResponse({ description: 'userId is not a platform user id' })
  @ApiNotFoundResponse({ description: 'No such person is known' })
  erase(@Param('userId') userId: string, @CurrentPrincipal() principal: Principal): Promise<ErasureAnswer> {
    return this.erasure.erase(userId, principal.sub);
  }
}

function toFilter(query: ExposureFilterDto & { actor?: string; refused?: string }): AuditFilter {
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from && to && from >= to) {
    throw new ValidationFailedError('from must be before to', [{ path: 'from', rule: 'before_to', message: 'from must be before to' }]);
  }
  return { tenant: query.tenant, actor: query.actor, action: query.action, refused: query.refused === 'true' || undefined, from, to };
}

function assertUserId(userId: string): void {
  if (!USER_ID.test(userId)) {
    throw new ValidationFailedError('userId is not a platform user id', [
      { path: 'userId', rule: 'pattern', message: 'must be 1-64 characters of [A-Za-z0-9_.-]' },
    ]);
  }
}
