import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ParseIdPipe } from '../common/entity-id';
import { mapPage, Page } from '../common/pagination/pagination';
import { AppConfig } from '../config/app-config';
import { linkBase } from './request-origin';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './user.dto';
import { CreatedUserView, InviteLinkView, UserView, userView } from './user-views';
import { Invite, UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a user; without a password the answer carries an invite link' })
  async create(
    @Req() request: FastifyRequest,
    @Body() dto: CreateUserDto,
  ): Promise<CreatedUserView> {
    const { user, invite } = await this.users.create(dto);
    return invite ? { ...userView(user), ...this.inviteLink(request, invite) } : userView(user);
  }

  @Get()
  @ApiOperation({ summary: 'List users, newest first' })
  async list(@Query() query: ListUsersQueryDto): Promise<Page<UserView>> {
    return mapPage(await this.users.list(query), userView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  async get(@Param('id', ParseIdPipe) id: number): Promise<UserView> {
    return userView(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user; disabling it or changing its role ends its sessions' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateUserDto,
  ): Promise<UserView> {
    return userView(await this.users.update(principal, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user and end its sessions' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    await this.users.remove(principal, id);
  }

  @Post(':id/invite')
  @ApiOperation({ summary: 'Issue a fresh invite link (the previous one stops working)' })
  async invite(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<InviteLinkView> {
    return this.inviteLink(request, await this.users.invite(id));
  }

  private inviteLink(request: FastifyRequest, invite: Invite): InviteLinkView {
    return {
      inviteUrl: `${linkBase(request, this.config)}/app/invite/${invite.token}`,
      inviteExpiresAt: invite.expiresAt,
    };
  }
}
