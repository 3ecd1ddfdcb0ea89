import { Module } from '@nestjs/common';
import { NotificationWorkers } from './notification-workers';
import { NotificationsModule } from './notifications.module';
import { NotifyProcessor } from './notify.processor';

// The notifications queue's consumer: only in the worker and all roles.
@Module({ imports: [NotificationsModule], providers: [NotifyProcessor, NotificationWorkers] })
export class NotificationWorkerModule {}
