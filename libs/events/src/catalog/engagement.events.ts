import { ValidateIf } from 'class-validator';
import { IsInstitutionId, IsOneOf, IsReferenceId } from './field-rules';
import { EventType } from './event-type.decorator';
import { ARTICLE_KINDS, ArticleKind, QUESTION_TOPICS, QuestionTopic } from '../value-sets';

@EventType('ArticleRead', 1)
export class ArticleReadData {
  @IsReferenceId() articleId!: string;
  @IsOneOf(ARTICLE_KINDS) kind!: ArticleKind;
  @IsInstitutionId() institutionId!: string;
}

@EventType('QuestionAsked', 1)
export class QuestionAskedData {
  @IsOneOf(QUESTION_TOPICS) topic!: QuestionTopic;
  /** Optional means absent: an explicit null is rejected, so stored data never holds nulls. */
  @ValidateIf((data: QuestionAskedData) => data.institutionId !== undefined)
  @IsInstitutionId()
  institutionId?: string;
}

@EventType('CampaignExposed', 1)
export class CampaignExposedData {
  @IsReferenceId() campaignId!: string;
  @IsInstitutionId() institutionId!: string;
}

@EventType('CampaignClicked', 1)
export class CampaignClickedData {
  @IsReferenceId() campaignId!: string;
  @IsInstitutionId() institutionId!: string;
}
