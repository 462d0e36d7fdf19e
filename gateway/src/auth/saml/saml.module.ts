import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../../config';
import { SamlController } from './saml.controller';
import { SamlStrategy } from './saml.strategy';

/** SAML 2.0 single sign-on, present only when SAML_ENTRY_POINT and SAML_IDP_CERT are set. */
@Module({})
export class SamlModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (!config.saml) return { module: SamlModule };
    return { module: SamlModule, controllers: [SamlController], providers: [SamlStrategy] };
  }
}
