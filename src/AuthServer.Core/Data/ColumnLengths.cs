using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AuthServer.Core.Data;

internal static class ColumnLengths
{
    /// <summary>One maximum length for several text columns of an entity: the lengths read as a short table per entity.</summary>
    public static EntityTypeBuilder<TEntity> HasMaxLength<TEntity>(this EntityTypeBuilder<TEntity> entity, int length,
        params Expression<Func<TEntity, string?>>[] properties) where TEntity : class
    {
        foreach (var property in properties)
        {
            entity.Property(property).HasMaxLength(length);
        }

        return entity;
    }
}
