import 'reflect-metadata';
import { runMain } from '@slipway/service';
import { startGateway } from './gateway';
import { loadGatewayConfig } from './config';

runMain('gateway', () => loadGatewayConfig(), startGateway);
