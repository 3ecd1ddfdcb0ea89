import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ParseIdPipe } from '../../common/entity-id';
import { mapPage } from '../../common/pagination/pagination';
import { CreateOfferDto, ListOffersQueryDto, UpdateOfferDto } from './offer.dto';
import { offerView } from './offer-views';
import { OffersService } from './offers.service';

@ApiTags('offers')
@ApiBearerAuth()
@Controller('api/offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @Roles('admin')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateOfferDto) {
    return offerView(principal, await this.offers.create(dto));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListOffersQueryDto) {
    return mapPage(await this.offers.list(principal, query), (o) => offerView(principal, o));
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    return offerView(principal, await this.offers.get(principal, id));
  }

  @Patch(':id')
  @Roles('admin')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateOfferDto,
  ) {
    return offerView(principal, await this.offers.update(id, dto));
  }
}
