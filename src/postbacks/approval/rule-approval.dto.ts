import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

// The revision the admin reviewed: if the publisher changed the rule again meanwhile, the
// decision is refused (409 revision_changed) instead of approving what nobody saw.
export class ApproveRuleDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  revision?: number;
}

export class RejectRuleDto extends ApproveRuleDto {
  // Shown to the publisher on its rule.
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}
