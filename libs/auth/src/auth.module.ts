import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '@tagstream/config';
import { AuthGuard } from './auth.guard';
import { AuthSecret } from './auth-secret';

/** Installs the global `/v1` guard and provides the secret in use. Needs `ConfigModule`. */
@Global()
@Module({
  providers: [
    { provide: AuthSecret, useFactory: (config: AppConfig) => AuthSecret.from(config.AUTH_JWT_SECRET, config.DATA_DIR), inject: [AppConfig] },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthSecret],
})
export class AuthModule {}
