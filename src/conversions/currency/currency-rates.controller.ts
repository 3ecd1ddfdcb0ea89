import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/auth.decorators';
import { PutCurrencyRateDto } from './currency-rate.dto';
import { CurrencyRatesService } from './currency-rates.service';

@ApiTags('currency-rates')
@ApiBearerAuth()
@Controller('api/currency-rates')
export class CurrencyRatesController {
  constructor(private readonly rates: CurrencyRatesService) {}

  @Get()
  list() {
    return this.rates.list();
  }

  @Put(':code')
  @Roles('admin')
  put(@Param('code') code: string, @Body() dto: PutCurrencyRateDto) {
    return this.rates.put(code, dto.rate);
  }
}
