import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/auth.decorators';
import { ApiErrors, ApiKeyAuth } from '../../common/openapi/api-docs';
import { CurrencyRateList, CurrencyRateView } from './currency-rate-views';
import { PutCurrencyRateDto } from './currency-rate.dto';
import { CurrencyRatesService } from './currency-rates.service';

@ApiTags('currency-rates')
@ApiKeyAuth()
@Controller('api/currency-rates')
export class CurrencyRatesController {
  constructor(private readonly rates: CurrencyRatesService) {}

  @Get()
  @ApiOperation({ summary: 'List the currency rates and the base currency' })
  @ApiOkResponse({ type: CurrencyRateList })
  list(): Promise<CurrencyRateList> {
    return this.rates.list();
  }

  @Put(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Set a currency’s rate against the base currency' })
  @ApiParam({ name: 'code', schema: { type: 'string', pattern: '^[A-Za-z]{3}$', example: 'EUR' } })
  @ApiOkResponse({ type: CurrencyRateView })
  @ApiErrors(400, 403)
  put(@Param('code') code: string, @Body() dto: PutCurrencyRateDto): Promise<CurrencyRateView> {
    return this.rates.put(code, dto.rate);
  }
}
