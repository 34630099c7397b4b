#include "propagation/PropagationRequest.h"

namespace delineate::propagation {

const char* projectionName(Projection projection)
{
    switch (projection) {
    case Projection::Box:
        return "box";
    case Projection::Mask:
        return "mask";
    case Projection::Points:
        return "points";
    case Projection::BoxPoints:
        return "box+points";
    }
    return "box";
}

std::optional<Projection> parseProjection(const std::string& name)
{
    for (Projection p : {Projection::Box, Projection::Mask, Projection::Points, Projection::BoxPoints})
        if (name == projectionName(p))
            return p;
    return std::nullopt;
}

} // namespace delineate::propagation
