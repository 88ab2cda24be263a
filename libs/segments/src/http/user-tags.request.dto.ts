import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';

const USER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export class UserTagsBatchDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 100, example: ['u-1001', 'u-1002'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(USER_ID, { each: true, message: 'each userId must be 1-64 characters of [A-Za-z0-9_.-]' })
  userIds!: string[];

  @ApiPropertyOptional({ description: 'Windows end with the day of asOf (default now)', example: '2026-11-20T12:00:00Z' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

export { USER_ID };
