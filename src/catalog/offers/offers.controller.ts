import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../../common/entity-id';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../../common/openapi/api-docs';
import { mapPage, Page } from '../../common/pagination/pagination';
import { CreateOfferDto, ListOffersQueryDto, UpdateOfferDto } from './offer.dto';
import { offerView, OfferView } from './offer-views';
import { OffersService } from './offers.service';

@ApiTags('offers')
@ApiKeyAuth()
@Controller('api/offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an offer of an advertiser' })
  @ApiCreatedResponse({ type: OfferView })
  @ApiErrors(400, 403)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateOfferDto,
  ): Promise<OfferView> {
    return offerView(principal, await this.offers.create(dto));
  }

  @Get()
  @ApiOperation({ summary: 'List offers, with the fields the key’s role may see' })
  @ApiPage(OfferView)
  @ApiErrors(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListOffersQueryDto,
  ): Promise<Page<OfferView>> {
    return mapPage(await this.offers.list(principal, query), (o) => offerView(principal, o));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an offer' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: OfferView })
  @ApiErrors(400, 404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<OfferView> {
    return offerView(principal, await this.offers.get(principal, id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change an offer’s fields' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: OfferView })
  @ApiErrors(400, 403, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateOfferDto,
  ): Promise<OfferView> {
    return offerView(principal, await this.offers.update(id, dto));
  }
}
