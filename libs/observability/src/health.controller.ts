import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthCheckDto, HealthReportDto, LivenessDto } from './health.dto';
import { HealthRegistry, HealthReport } from './health.registry';

@ApiTags('operations')
@ApiExtraModels(HealthCheckDto)
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  /** Readiness: 200 when every registered indicator is up, 503 with the same document otherwise. */
  @Get()
  @ApiOperation({ summary: 'Readiness: event store and ClickHouse reachable, projector lag within bounds (no token needed)' })
  @ApiOkResponse({ type: HealthReportDto, description: 'Live and ready; `checks` holds each indicator' })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'Live but not ready; `checks` says which indicator is down and why' })
  async readiness(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    response.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  /** Liveness only: answers as long as the process serves HTTP, whatever its dependencies do. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no token needed)' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is alive' })
  liveness(): { live: true } {
    return { live: true };
  }
}
