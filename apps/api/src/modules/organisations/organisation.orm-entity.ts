import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { OrganisationKind } from '@evalflow/domain';

@Entity({ name: 'organisations' })
export class OrganisationOrmEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ name: 'short_name', type: 'varchar', length: 30, nullable: true }) shortName!: string | null;
  @Column({ type: 'varchar', length: 30 }) kind!: OrganisationKind;
  @Column({ name: 'credit_code', type: 'char', length: 18, unique: true }) creditCode!: string;
  @Column({ name: 'region_id', type: 'uuid' }) regionId!: string;
  @Column({ name: 'contact_email', type: 'varchar', length: 200, nullable: true }) contactEmail!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
