import { Inject, Injectable, Optional } from '@nestjs/common';
import { ServiceUnavailableError } from '@tagstream/common';
import { SUBJECT_DIRECTORY, SubjectDirectory } from './subject-directory';

/** The bound `SubjectDirectory`, if the app provides one; routes that need it answer 503 without it. */
@Injectable()
export class SubjectDirectoryRef {
  constructor(@Optional() @Inject(SUBJECT_DIRECTORY) private readonly directory?: SubjectDirectory) {}

  require(): SubjectDirectory {
    if (!this.directory) throw new ServiceUnavailableError('the subject directory (user id to surrogate mapping) is not available');
    return this.directory;
  }
}
