import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { AuthController } from './auth.controller';
import { authThrottlers, AuthThrottlerGuard } from './auth-throttling';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // The key as a KeyObject made once: given the string, jsonwebtoken tries createPublicKey on it and then makes a
      // secret key from it on every verification (2 % of the API's CPU under load, issue 15).
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')), signOptions: { algorithm: 'HS256' } }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => authThrottlers(config),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthRepository, PasswordHasher, AuthThrottlerGuard],
  exports: [AuthService, PasswordHasher],
})
export class AuthModule {}
