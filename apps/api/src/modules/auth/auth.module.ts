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
      useFactory: (config: AppConfig) => ({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
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
