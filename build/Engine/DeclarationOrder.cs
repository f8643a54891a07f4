using System.Reflection;

namespace Strata.Engine;

/// <summary>
/// Members in the order the source declares them, which is the order targets and parameters are listed and offered in.
/// Reflection promises no order, so the metadata token (assigned in declaration order) decides; a Native AOT build has no
/// tokens, and there reflection returns members in metadata order already, which is the same order.
/// </summary>
static class DeclarationOrder
{
    public static IEnumerable<T> Sorted<T>(IEnumerable<T> members) where T : MemberInfo
    {
        var list = members.ToList();
        return list.TrueForAll(member => member.HasMetadataToken()) ? list.OrderBy(member => member.MetadataToken) : list;
    }
}
