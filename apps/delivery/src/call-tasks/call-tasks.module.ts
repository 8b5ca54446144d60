import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ContactDirectoryModule } from '../contact-directory/contact-directory.module';
import { CallTaskRecord, CallTaskSchema } from './call-task.schema';
import { CallTaskRepository } from './call-task.repository';
import { CallTasksController } from './call-tasks.controller';
import { ListCallTasksUseCase } from './list-call-tasks.use-case';

@Module({
  imports: [ContactDirectoryModule, MongooseModule.forFeature([{ name: CallTaskRecord.name, schema: CallTaskSchema }])],
  controllers: [CallTasksController],
  providers: [CallTaskRepository, ListCallTasksUseCase],
  exports: [CallTaskRepository],
})
export class CallTasksModule {}
