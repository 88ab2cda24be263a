export { IntakeModule } from './intake.module';
export type { IntakeModuleOptions } from './intake.module';
export { IntakeService, DEFAULT_INTAKE_LIMITS, groupByUser } from './intake.service';
export type { IngestResult, IntakeLimits } from './intake.service';
export { UserStreamAppender, DEFAULT_APPENDER_OPTIONS } from './user-stream-appender';
export type { AppendOutcome, AppenderOptions } from './user-stream-appender';
export { InFlightLimiter } from './in-flight-limiter';
export { EventsController } from './events.controller';
